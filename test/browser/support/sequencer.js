/**
 * Jest's own order (failed first, then slowest first), except that browser test files come
 * after every other file of the run: `npm test` reports the fast suites before Chromium starts.
 */
const Sequencer = require('@jest/test-sequencer').default;

const isBrowserTest = (test) => test.context.config.displayName?.name === 'browser';
const browserLast = (tests) => [
  ...tests.filter((test) => !isBrowserTest(test)),
  ...tests.filter(isBrowserTest),
];

class BrowserLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return Array.isArray(sorted) ? browserLast(sorted) : sorted.then(browserLast);
  }
}

module.exports = BrowserLastSequencer;
