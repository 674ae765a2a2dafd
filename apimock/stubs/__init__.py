"""The stub language: stubs, their files and checks, templates, matching,
answers and per-test state."""
