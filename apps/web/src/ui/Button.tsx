import {
  Button as AriaButton,
  Link as AriaLink,
  type ButtonProps,
  type LinkProps,
} from 'react-aria-components';

type Variant = 'primary' | 'secondary' | 'danger' | 'quiet';

function classes(variant: Variant, size: 'normal' | 'small', extra?: string): string {
  return ['btn', `btn-${variant}`, size === 'small' ? 'btn-small' : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A button. While its action runs (`isPending`) it is disabled and says so (`aria-busy`): React
 * Aria's own pending state announces through a live region that points at the button, which
 * dangles when the button goes away on success (a dialog closing, the sign-in page leaving).
 */
export function Button({
  variant = 'secondary',
  size = 'normal',
  className,
  isPending,
  isDisabled,
  children,
  ...props
}: ButtonProps & { variant?: Variant; size?: 'normal' | 'small'; className?: string }) {
  return (
    <AriaButton
      {...props}
      isDisabled={isDisabled || isPending}
      aria-busy={isPending || undefined}
      data-pending={isPending || undefined}
      className={classes(variant, size, className)}
    >
      {(state) => (
        <>
          {isPending ? <span className="spinner spinner-small" aria-hidden="true" /> : null}
          {typeof children === 'function'
            ? children({ ...state, isPending: Boolean(isPending) })
            : children}
        </>
      )}
    </AriaButton>
  );
}

/** A link that looks like a button (navigation, downloads). */
export function ButtonLink({
  variant = 'secondary',
  size = 'normal',
  className,
  ...props
}: LinkProps & { variant?: Variant; size?: 'normal' | 'small'; className?: string }) {
  return <AriaLink {...props} className={classes(variant, size, className)} />;
}
