import { useState } from 'react';
import { Button } from '../../ui/Button';
import { TextInput } from '../../ui/fields';
import { dateTimeInZone } from '../../ui/time';

/**
 * A link the server shows only once (an upload link, the referrer's link to the opinion): its
 * URL to copy, when it expires, and a plain warning that it will not be shown again.
 */
export function OnceLink({
  label,
  url,
  expiresAt,
  timezone,
  onDone,
}: {
  /** Names the link ("Upload link: pathology report"). */
  label: string;
  url: string;
  expiresAt: string;
  timezone: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="so-once" role="group" aria-label={label}>
      <p className="notice notice-warning">
        <strong>Shown only once.</strong> Copy the link now and send it to the referrer: it cannot
        be shown again. If it is lost, make a new one.
      </p>
      <TextInput
        label={label}
        value={url}
        isReadOnly
        description={`Valid until ${dateTimeInZone(expiresAt, timezone)}.`}
      />
      <div className="row">
        <Button variant="primary" onPress={() => void copy()} aria-label={`Copy ${label}`}>
          Copy
        </Button>
        <Button variant="quiet" onPress={onDone}>
          Done: hide the link
        </Button>
        <span role="status" className="small">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'The browser did not allow copying: select the link and copy it yourself.'
              : ''}
        </span>
      </div>
    </div>
  );
}
