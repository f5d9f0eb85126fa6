"""Django's PostgreSQL backend, with no wait on the database left unbounded.

The settings bound what libpq and the kernel can see (``filmarchive.settings``): ``connect_timeout``
for a new connection, the server's ``statement_timeout`` for a query, TCP keepalives and
``tcp_user_timeout`` for a connection whose packets are being dropped. None of them ends the wait when
something in between keeps the connection open and never answers (a hung proxy or pooler, a relay that
black-holes): the kernel there still acknowledges every packet, and the server never got the query,
so it cannot time it out. Every request would then wait for as long as the outage lasts. So this
backend also

- gives every call on an open connection a deadline, after which the connection's socket is shut
  and the call fails with ``OperationalError``: a query, a commit or a rollback may wait for the
  ``answer_timeout`` option (seconds; the settings make it the statement timeout and a few seconds
  more), the health check of a kept connection before a request reuses it ``CONN_HEALTH_CHECK_SECONDS``;
- remembers, for each server, that it did not answer (a deadline passed, a connection attempt timed
  out), and for ``QUIET_SECONDS`` refuses new connections to it at once, so that an outage costs a
  process one wait, not every query of every request one each. After that, one connection attempt
  tries again while the others are still refused; the first that connects ends it.
"""

import heapq
import itertools
import os
import socket
import threading
import time
from contextlib import suppress

from django.db import OperationalError
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorWrapper

CONN_HEALTH_CHECK_SECONDS = 2.0
QUIET_SECONDS = 5.0


class _Alarm:
    def __init__(self, fd):
        self.fd = fd
        self.armed = True
        self.fired = False

    def fire(self):
        """Shut the socket (not close it: the file descriptor stays its owner's), which ends the wait."""
        self.armed = False
        self.fired = True
        with suppress(OSError), socket.socket(fileno=os.dup(self.fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One thread per process that shuts the socket of any call still waiting at its deadline."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        self._condition = threading.Condition()
        self._alarms = []  # a heap of (deadline, sequence number, alarm)
        self._disarmed = 0  # of those, the alarms no longer armed
        self._sequence = itertools.count()
        self._thread = None

    def arm(self, fd, seconds):
        alarm = _Alarm(fd)
        with self._condition:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="database-deadlines", daemon=True)
                self._thread.start()
            heapq.heappush(self._alarms, (time.monotonic() + seconds, next(self._sequence), alarm))
            if self._alarms[0][2] is alarm:
                self._condition.notify()
        return alarm

    def disarm(self, alarm):
        """Whether the alarm went off. Once this returns, it never will: the socket is the caller's."""
        with self._condition:
            if alarm.armed:
                alarm.armed = False
                self._disarmed += 1
                # Most calls end long before their deadline: drop their alarms now and then, so that
                # the heap holds about as many alarms as there are calls waiting.
                if self._disarmed > 1000 and self._disarmed > len(self._alarms) // 2:
                    self._alarms = [entry for entry in self._alarms if entry[2].armed]
                    heapq.heapify(self._alarms)
                    self._disarmed = 0
            return alarm.fired

    def _run(self):
        with self._condition:
            while True:
                now = time.monotonic()
                while self._alarms and (self._alarms[0][0] <= now or not self._alarms[0][2].armed):
                    _, _, alarm = heapq.heappop(self._alarms)
                    if alarm.armed:
                        alarm.fire()
                    else:
                        self._disarmed -= 1
                self._condition.wait(self._alarms[0][0] - now if self._alarms else None)


WATCHDOG = _Watchdog()


class _Silences:
    """The servers that did not answer lately, and until when new connections to them are refused."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until = {}

    def note(self, server):
        with self._lock:
            self._until[server] = time.monotonic() + QUIET_SECONDS

    def clear(self, server):
        with self._lock:
            self._until.pop(server, None)

    def admit(self, server, attempt_seconds):
        """Refuse (``OperationalError``) while the server is quiet; past that, let one attempt through."""
        with self._lock:
            until = self._until.get(server)
            if until is None:
                return
            now = time.monotonic()
            if now < until:
                raise base.Database.OperationalError(
                    f"the database at {server[0]}:{server[1]} did not answer a moment ago; "
                    f"trying again in {until - now:.1f} s"
                )
            # This attempt tries again; the others are refused until it has had its chance.
            self._until[server] = now + attempt_seconds


SILENCES = _Silences()


class _Deadline:
    """A block whose calls on the connection fail with ``OperationalError`` once ``seconds`` pass."""

    def __init__(self, wrapper, seconds):
        self.wrapper = wrapper
        self.seconds = seconds
        self.alarm = None
        self.passed = False

    def __enter__(self):
        connection = self.wrapper.connection
        if self.seconds and connection is not None and not connection.closed:
            self.alarm = WATCHDOG.arm(connection.fileno(), self.seconds)
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.alarm is None or not WATCHDOG.disarm(self.alarm):
            return False
        self.passed = True
        if exc is None:
            # The answer came as the deadline passed: it stands, but the connection's socket is shut.
            self.wrapper.errors_occurred = True
            return False
        SILENCES.note(self.wrapper.server)
        raise OperationalError(f"the database did not answer within {self.seconds:g} s") from exc


class _AnswerDeadline:
    """Every statement a cursor runs has the connection's answer deadline."""

    def execute(self, sql, params=None):
        with _Deadline(self.db, self.db.answer_timeout):
            return super().execute(sql, params)

    def executemany(self, sql, param_list):
        with _Deadline(self.db, self.db.answer_timeout):
            return super().executemany(sql, param_list)


class AnswerDeadlineCursorWrapper(_AnswerDeadline, CursorWrapper):
    pass


class AnswerDeadlineCursorDebugWrapper(_AnswerDeadline, base.CursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, settings_dict, *args, **kwargs):
        super().__init__(settings_dict, *args, **kwargs)
        self.answer_timeout = settings_dict.get("OPTIONS", {}).get("answer_timeout")

    @property
    def server(self):
        return (self.settings_dict["HOST"] or "localhost", self.settings_dict["PORT"] or "5432")

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("answer_timeout", None)  # ours, not libpq's
        return params

    def get_new_connection(self, conn_params):
        SILENCES.admit(self.server, attempt_seconds=int(conn_params.get("connect_timeout") or 10) + 1)
        try:
            connection = super().get_new_connection(conn_params)
        except base.Database.errors.ConnectionTimeout:
            SILENCES.note(self.server)
            raise
        SILENCES.clear(self.server)
        return connection

    def init_connection_state(self):
        with _Deadline(self, self.answer_timeout):
            super().init_connection_state()

    def is_usable(self):
        with _Deadline(self, CONN_HEALTH_CHECK_SECONDS) as deadline:
            usable = super().is_usable()  # which turns any error into False
        if deadline.passed:
            SILENCES.note(self.server)
            return False
        return usable

    def _commit(self):
        with _Deadline(self, self.answer_timeout):
            return super()._commit()

    def _rollback(self):
        with _Deadline(self, self.answer_timeout):
            return super()._rollback()

    def make_cursor(self, cursor):
        return AnswerDeadlineCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return AnswerDeadlineCursorDebugWrapper(cursor, self)
