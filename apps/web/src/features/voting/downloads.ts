import type { TokenSource } from '../../api/client';
import { toApiError } from '../../api/errors';

/**
 * A file the typed client cannot return as it is (the PDF report, the FHIR bundle), fetched
 * with the session's bearer token in the Authorization header, never in the URL, and, like
 * the API client, retried once with a renewed token after a 401.
 */
export async function fetchFile(tokens: TokenSource, url: string, type: string): Promise<Blob> {
  const get = (token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const token = await tokens.accessToken();
  let response = await get(token);
  if (response.status === 401) response = await get(await tokens.recover(token));
  if (!response.ok) throw await toApiError(response);
  return new Blob([await response.arrayBuffer()], { type });
}

/**
 * The object URLs a screen made for its files: each stays valid while the screen is shown (an
 * opened tab or an offered link may still need it) and all are revoked when it goes.
 */
export class ObjectUrls {
  private readonly urls = new Set<string>();

  create(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.urls.add(url);
    return url;
  }

  revokeAll(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}

/** Opens `url` in a new tab, cut off from this page; false when the browser blocked it. */
export function openInNewTab(url: string): boolean {
  const tab = window.open(url, '_blank');
  if (!tab) return false;
  tab.opener = null;
  return true;
}

/** Saves `url` under `filename` through a download link, clicked and removed at once. */
export function saveAs(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
