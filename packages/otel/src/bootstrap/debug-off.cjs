// Stands in for the `debug` package inside the bundle (tsup.config.ts): require-in-the-middle's trace output,
// disabled. `debug`'s Node build loads node:tty and node:net when required, at every start-up.
module.exports = function createDebug() {
  const debug = () => {};
  debug.enabled = false;
  return debug;
};
