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

/** A fake camera (a moving test pattern) and microphone (a beep), granted without asking. */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  // Screen sharing picks the whole screen without a picker (getDisplayMedia needs a choice).
  '--auto-select-desktop-capture-source=Entire screen',
];
