"""What a failed test says: unused stubs, call assertions, swallowed errors."""
