/** Public surface of @org/venues: filled in by its issue. */
export {};
