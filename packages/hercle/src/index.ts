/** Public surface of @org/hercle: filled in by its issue. */
export {};
