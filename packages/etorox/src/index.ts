/** Public surface of @org/etorox: filled in by its issue. */
export {};
