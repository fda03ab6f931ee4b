"""The .qdpx archive, compressed beside the export that fills it.

An export builds project.qde and the source texts in Python while zlib (which
lets go of the interpreter while it works) compresses them on a worker thread:
each source is deflated there and written into the archive by the export's own
thread when it adds the next one (so entries keep their order); project.qde,
written as a stream, is deflated there into a temporary file and added last,
once its sizes are known (``tema.refi.zipout``). Work reaches the thread through
a short queue, so only a few sources or blocks wait in memory. The stream goes
over in blocks of ``BLOCK`` bytes: after each compression call the thread waits
for the interpreter, which the export's thread lets go at its own C calls (the
archive writes, CRC-32) or else every few milliseconds.
"""

from __future__ import annotations

import collections
import queue
import tempfile
import threading
import zlib
from typing import IO

from tema.refi.zipout import Deflater, ZipOut

BLOCK = 4 << 20
_DONE = None


class Packer:
    """``add_file(name, data)`` for a source; ``write(data)`` for project.qde's
    stream; ``close()`` finishes the archive (``abort()`` after a failure)."""

    def __init__(self, fp: IO[bytes], stream_name: str, level: int) -> None:
        self.zip = ZipOut(fp)
        self.stream_name, self.level = stream_name, level
        self.stream = Deflater(level)
        self._spool = tempfile.TemporaryFile()
        self._buf: list[bytes] = []
        self._buffered = 0
        self._queue: queue.Queue = queue.Queue(maxsize=8)
        self._done: collections.deque[tuple[str, int, int, bytes]] = collections.deque()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="qdpx-packer", daemon=True)
        self._thread.start()

    # -- the export's side -----------------------------------------------------------
    def add_file(self, name: str, data: bytes) -> None:
        self._put((name, zlib.crc32(data), data))
        self._write_done()

    def write(self, data: bytes) -> None:
        self._buf.append(data)
        self._buffered += len(data)
        if self._buffered >= BLOCK:
            self._hand_over()

    def close(self) -> None:
        self._hand_over()
        self._finish()
        self._write_done()
        self._spool.seek(0)
        d = self.stream
        self.zip.add(self.stream_name, d.crc, d.size, d.compressed, iter(lambda: self._spool.read(1 << 20), b""))
        self.zip.close()
        self._spool.close()

    def abort(self) -> None:
        """Stop the thread after a failure elsewhere (its own error, if any, is dropped)."""
        try:
            self._finish()
        except BaseException:  # noqa: BLE001 - the caller's error is the one to report
            pass
        self._spool.close()

    def _write_done(self) -> None:
        while self._done:
            name, crc, size, deflated = self._done.popleft()
            self.zip.add(name, crc, size, len(deflated), [deflated])

    def _hand_over(self) -> None:
        if self._buf:
            self._put(b"".join(self._buf))
            self._buf, self._buffered = [], 0

    def _put(self, item) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(item)

    def _finish(self) -> None:
        self._queue.put(_DONE)
        self._thread.join()
        if self._error is not None:
            raise self._error

    # -- the thread -------------------------------------------------------------------
    def _run(self) -> None:
        while (item := self._queue.get()) is not _DONE:
            if self._error is not None:
                continue  # failed: keep taking work so the export never waits on a full queue
            try:
                self._do(item)
            except BaseException as exc:  # noqa: BLE001 - reported to the export by _put/_finish
                self._error = exc
        if self._error is None:
            try:
                self._spool.write(self.stream.flush())
            except BaseException as exc:  # noqa: BLE001
                self._error = exc

    def _do(self, item) -> None:
        if isinstance(item, bytes):
            self._spool.write(self.stream.compress(item))
        else:
            name, crc, data = item
            self._done.append((name, crc, len(data), zlib.compress(data, self.level, wbits=-15)))
