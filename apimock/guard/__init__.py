"""The network guard: the socket-level allow-list, the allowed hosts, and the
guard in child processes."""
