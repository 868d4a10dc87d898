/** Browser tests boot the server, a database and Chromium, and drive real pages: give them time. */
jest.setTimeout(180_000);
