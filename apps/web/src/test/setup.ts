// jsdom has no CSS.escape, which React Aria's collections use to find an item by its key.
if (typeof globalThis.CSS === 'undefined' || typeof globalThis.CSS.escape !== 'function') {
  const escape = (value: string) =>
    value.replace(/[^a-zA-Z0-9_-]/g, (character) => `\\${character}`);
  Object.defineProperty(globalThis, 'CSS', { value: { escape }, configurable: true });
}

export {};
