"""Killed and concurrent imports: no partial file, no duplicate, no crash.

These run manage.py import_articles in subprocesses against scratch
databases of the suite's backend (SQLite files, or PostgreSQL databases
created and dropped here), not against the test database.
"""

import random
import time

from django.db import connection
from django.test import SimpleTestCase

from tests.reliability.harness import (
    ScratchDatabases,
    all_or_nothing_problems,
    concurrency_problems,
    database_problems,
    import_and_kill,
    import_command,
    run_concurrent_imports,
    run_manage,
    take_snapshot,
    write_pages,
)

FILES = 60
KILLS = 10
SEED = 20211106
PROCESSES = 4


def server_url():
    """The suite's PostgreSQL server as a URL (its database name is unused)."""
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/postgres"


class ImportFaultTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vendor = "sqlite" if connection.vendor == "sqlite" else "postgres"
        cls.scratch = ScratchDatabases(
            vendor, server_url() if vendor == "postgres" else None
        )
        cls.addClassCleanup(cls.scratch.close)
        cls.folder = cls.scratch.folder / "pages"
        write_pages(cls.folder, FILES)
        baseline = cls.scratch.fresh()
        started = time.monotonic()
        run_manage(baseline, *import_command(cls.folder, "-v0")[2:])
        cls.import_seconds = time.monotonic() - started
        cls.expected = take_snapshot(baseline)

    def test_the_generated_folder_imports_completely(self):
        """The baseline the other tests compare against is itself sound."""
        self.assertEqual(len(self.expected.articles), FILES)
        self.assertEqual(self.expected.article_count, FILES * 5)
        self.assertEqual(database_problems(self.expected), [])

    def test_killing_an_import_at_random_moments_leaves_no_partial_file(self):
        rng = random.Random(SEED)
        interrupted = 0
        for number in range(KILLS):
            url = self.scratch.fresh()
            # Two kills in three follow the importer's progress; the third
            # uses a plain delay, which may land before any write.
            outcome = import_and_kill(
                url,
                self.folder,
                FILES,
                rng,
                by_progress=number % 3 != 2,
                max_delay=self.import_seconds,
            )
            with self.subTest(kill=number, imported=outcome.files_imported):
                if outcome.returncode == 0:  # the delay outlasted the import
                    self.assertEqual(outcome.files_imported, FILES)
                else:
                    self.assertEqual(outcome.returncode, -9)
                snapshot = take_snapshot(url)
                self.assertEqual(all_or_nothing_problems(snapshot, self.expected), [])
            interrupted += 0 < outcome.files_imported < FILES
        self.assertGreaterEqual(interrupted, KILLS // 2, "too few kills mid-import")

    def test_running_the_import_again_after_a_kill_completes_it_once(self):
        url = self.scratch.fresh()
        import_and_kill(url, self.folder, FILES, random.Random(SEED))
        run_manage(url, *import_command(self.folder, "-v0")[2:])
        snapshot = take_snapshot(url)
        self.assertEqual(database_problems(snapshot), [])
        self.assertEqual(snapshot.articles, self.expected.articles)
        for name, prints in self.expected.articles.items():
            created = sum(batch[2] for batch in snapshot.batches[name])
            self.assertEqual(created, len(prints), name)

    def test_four_imports_of_the_same_files_at_once(self):
        url = self.scratch.fresh()
        results = run_concurrent_imports(url, self.folder, PROCESSES)
        self.assertEqual([code for code, _ in results], [0] * PROCESSES, results)
        snapshot = take_snapshot(url)
        self.assertEqual(concurrency_problems(snapshot, self.expected, PROCESSES), [])
