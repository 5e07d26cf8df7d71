"""bench.lib: the pieces of bench/run (processes, emulators, traffic, namespaces, scenarios, report)."""
