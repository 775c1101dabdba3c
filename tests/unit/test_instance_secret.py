"""A deployment's keys are made once, whole, however many threads ask for them first."""

import secrets
import threading
import time

from app.config import instance_secret


def test_threads_asking_at_once_all_get_the_same_whole_key(tmp_path):
    start, keys = threading.Barrier(16), []

    def slow_key() -> bytes:  # as when the disk is busy: the others arrive meanwhile
        time.sleep(0.05)
        return secrets.token_bytes(32)

    def ask():
        start.wait()
        keys.append(instance_secret(tmp_path, "key", slow_key))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Before, a thread could read the key its maker had created but not yet written: b"".
    assert len(set(keys)) == 1 and len(keys[0]) == 32
    assert [path.name for path in tmp_path.iterdir()] == ["key"]
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600
