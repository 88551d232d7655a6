"""The outside world: database, migrations, worker threads, message queue, emits."""
