/** Public surface of @org/reconnect: filled in by its issue. */
export {};
