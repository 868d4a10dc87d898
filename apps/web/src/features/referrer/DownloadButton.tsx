import { useId, useState } from 'react';
import { Button } from '../../ui/Button';
import type { MessageId } from './locale';
import { goneReason, problemMessage, type LinkState } from './problems';
import { useText } from './ReferrerIntl';
import { saveFile } from '../../api/download';

/**
 * A document of the opinion fetched through the API and saved from memory: the link's token is
 * never in an address the browser keeps, shows or sends as a referrer, and a refusal (the link
 * expired meanwhile) is said on the page rather than as the server's JSON in a new tab.
 */
export function DownloadButton({
  label,
  context,
  load,
  failed,
  onGone,
}: {
  label: string;
  /** The id of what says which one (a version's heading): the button is named by its label, then it. */
  context?: string;
  load: () => Promise<{ blob: Blob; name: string }>;
  /** The message for a failed download; `{reason}` is what went wrong. */
  failed: MessageId;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const download = async () => {
    setPending(true);
    setFailure(null);
    try {
      const { blob, name } = await load();
      saveFile(blob, name);
    } catch (error) {
      const gone = goneReason(error);
      if (gone) onGone(gone);
      else setFailure(error);
    } finally {
      setPending(false);
    }
  };

  const problem = failure ? problemMessage(failure) : null;
  return (
    <div className="referrer-download">
      <Button
        id={id}
        aria-labelledby={context ? `${id} ${context}` : undefined}
        onPress={() => void download()}
        isPending={pending}
      >
        {label}
      </Button>
      {problem ? (
        <p className="field-error" role="alert">
          {t(failed, { reason: t(problem.id, problem.values) })}
        </p>
      ) : null}
    </div>
  );
}
