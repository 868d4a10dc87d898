import { TextInput } from './fields';

export const PASSWORD_MIN_LENGTH = 12;

/**
 * A new password typed twice, with the policy stated up front (length over composition, no
 * personal details, not easy to guess) and the server's assessment shown under the field.
 */
export function NewPasswordFields({
  password,
  confirmation,
  onPassword,
  onConfirmation,
  serverProblems,
  showMismatch,
}: {
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  serverProblems: string[];
  showMismatch: boolean;
}) {
  const length = [...password].length;
  const mismatch =
    showMismatch && confirmation !== password ? 'The two passwords differ.' : undefined;
  return (
    <>
      <TextInput
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={onPassword}
        isRequired
        errorMessage={serverProblems.length > 0 ? serverProblems.join(' ') : undefined}
        description={
          <span aria-live="polite">
            At least {PASSWORD_MIN_LENGTH} characters ({length} so far). A few unrelated words work
            well; avoid your name, email or institution.
          </span>
        }
      />
      <TextInput
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={confirmation}
        onChange={onConfirmation}
        isRequired
        errorMessage={mismatch}
      />
    </>
  );
}
