"""The freshness matrix's writer: a process of its own, like an admin server.

Run as `python -m tests.freshness.writer` with production settings on the
matrix's scratch database. It reads one JSON command a line on standard
input and answers one JSON line on standard output:

- {"op": "begin", "case": N, "write": NAME}: empty the content, lay the
  background and prepare the write path NAME; answers the subject's truth.
- {"op": "write"}: perform the write; answers the subject's truth after it.

Anything else the process prints goes to standard error.
"""

import json
import sys
import tempfile
import traceback


def main():
    protocol = sys.stdout
    sys.stdout = sys.stderr
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    # Django's test client, without a test database: requests are handled by
    # the real middleware and admin, on the scratch database.
    setup_test_environment()
    from tests.freshness.writes import WRITES_BY_NAME, World

    folder = tempfile.mkdtemp(prefix="newsroom-matrix-writer-")
    world = path = None
    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command["op"] == "begin":
                path = WRITES_BY_NAME[command["write"]]
                world = World(command["case"], staff_client(Client), folder)
                begin(world, path)
            else:
                path.write(world)
            answer = {"ok": True, "truth": world.truth()}
        except Exception:
            answer = {"ok": False, "error": traceback.format_exc()}
        protocol.write(json.dumps(answer, ensure_ascii=False) + "\n")
        protocol.flush()


def staff_client(client_class):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="matrix-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = client_class()
    client.force_login(user)
    return client


def begin(world, path):
    from django.db import transaction

    from articles.models import Article, ImportBatch
    from edition.models import Issue
    from newsroom import pagecache
    from people.models import Correspondent, Department, Reporter

    content = (Article, ImportBatch, Issue, Reporter, Correspondent, Department)
    with transaction.atomic():
        for model in content:
            model.objects.all().delete()
        world.seed()
        path.prepare(world)
    # The setting up is not under test: every process starts the case fresh.
    pagecache.invalidate()


if __name__ == "__main__":
    main()
