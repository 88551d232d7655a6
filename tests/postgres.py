"""Throwaway PostgreSQL databases for tests (the machine's server on 127.0.0.1:5432).

Each test run gets a database of its own with a unique name, dropped at the end, so
parallel runs and leftovers never meet. Without a reachable server the tests are skipped
on a developer's machine, but fail under CI (``CI`` set): ``.ci/run`` starts PostgreSQL,
so a skip there would hide a broken setup.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import pytest
from psycopg2 import sql

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5"
URL_TEMPLATE = "postgresql://postgres@127.0.0.1:5432/{name}"


def admin_connection() -> psycopg2.extensions.connection:
    """An autocommit connection to the ``postgres`` database (CREATE/DROP DATABASE)."""
    try:
        connection = psycopg2.connect(ADMIN_DSN)
    except psycopg2.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432: {exc}")
    connection.autocommit = True
    return connection


@contextmanager
def fresh_database(purpose: str) -> Iterator[str]:
    """Create ``dialogcafe_<purpose>_<random>``; yield its ``postgresql://`` URL; drop it."""
    name = f"dialogcafe_{purpose}_{uuid.uuid4().hex[:12]}"
    admin = admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield URL_TEMPLATE.format(name=name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        admin.close()


def connect(url: str) -> psycopg2.extensions.connection:
    """A plain psycopg2 connection of the test's own to the database behind ``url``."""
    return psycopg2.connect(url)
