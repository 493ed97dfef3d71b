// The page a browser gets when it opens the remote's own URL: nothing runs here, the portal
// shell loads ./remoteEntry.js and mounts the exposed './routes'.
export {};
