import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';

/** The two kinds of link a referrer is sent, named as their pages' paths. */
export type LinkKind = 'uploads' | 'opinions';

const storageKey = (kind: LinkKind) => `tumor-board.referrer.${kind}`;

/**
 * The token of the link this page was opened with, kept out of the address as the API keeps it
 * out of its logs. It is read from the path once, then held in memory and in this tab's
 * sessionStorage (a reload in the same tab still works; closing the tab forgets it), and the
 * address is replaced at once by the bare page (`/uploads`, `/opinions`): the token leaves
 * the history entry, the address bar and anything copied from it. No request carries it as a
 * referrer either (the page's meta and the server's header say `no-referrer`). Null when the
 * page was opened without a token and this tab holds none.
 */
export function useLinkToken(kind: LinkKind): string | null {
  const { token: fromPath } = useParams();
  const navigate = useNavigate();
  const [token] = useState(() => fromPath || keptToken(kind));

  useEffect(() => {
    if (!fromPath) return;
    keepToken(kind, fromPath);
    void navigate(`/${kind}`, { replace: true });
  }, [fromPath, kind, navigate]);

  return token;
}

function keptToken(kind: LinkKind): string | null {
  try {
    return window.sessionStorage.getItem(storageKey(kind));
  } catch {
    return null;
  }
}

function keepToken(kind: LinkKind, token: string): void {
  try {
    window.sessionStorage.setItem(storageKey(kind), token);
  } catch {
    // Storage refused: the token stays in memory, so only a reload loses it.
  }
}
