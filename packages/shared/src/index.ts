// Public surface of @tmis/shared. Each area re-exports from its own folder.
export {};
