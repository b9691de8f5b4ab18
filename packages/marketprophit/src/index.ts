/** Public surface of @org/marketprophit: filled in by its issue. */
export {};
