/** Public surface of @org/finery: filled in by its issue. */
export {};
