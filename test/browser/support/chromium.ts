/** Debian's Chromium: the only browser the tests use. Nothing ever downloads one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, offline and quiet: no first-run, sync, component or field-trial traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
