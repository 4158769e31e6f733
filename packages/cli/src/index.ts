// Public surface of the package: re-exports only.
export {};
