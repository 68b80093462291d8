from pathlib import Path

from django.test import SimpleTestCase

from newsroom.env import database_from_url, env_bool, env_list

BASE_DIR = Path("/srv/newsroom")


class EnvBoolTests(SimpleTestCase):
    def test_true_words_are_true(self):
        for word in ["1", "true", "True", "YES", "on", " on "]:
            with self.subTest(word=word):
                self.assertIs(env_bool("FLAG", environ={"FLAG": word}), True)

    def test_false_words_are_false(self):
        for word in ["0", "false", "No", "OFF", ""]:
            with self.subTest(word=word):
                self.assertIs(
                    env_bool("FLAG", default=True, environ={"FLAG": word}), False
                )

    def test_missing_variable_gives_the_default(self):
        self.assertIs(env_bool("FLAG", default=True, environ={}), True)
        self.assertIs(env_bool("FLAG", environ={}), False)

    def test_unknown_word_raises_value_error_naming_the_variable(self):
        with self.assertRaisesMessage(ValueError, "FLAG='maybe' is not a boolean"):
            env_bool("FLAG", environ={"FLAG": "maybe"})


class EnvListTests(SimpleTestCase):
    def test_items_are_split_on_commas_and_stripped(self):
        environ = {"HOSTS": " example.com, www.example.com ,,"}
        self.assertEqual(
            env_list("HOSTS", environ=environ), ["example.com", "www.example.com"]
        )

    def test_missing_variable_gives_a_copy_of_the_default(self):
        default = ("localhost",)
        self.assertEqual(env_list("HOSTS", default=default, environ={}), ["localhost"])

    def test_empty_variable_gives_an_empty_list(self):
        self.assertEqual(env_list("HOSTS", default=["x"], environ={"HOSTS": ""}), [])


class DatabaseFromUrlTests(SimpleTestCase):
    def test_empty_url_uses_sqlite_in_the_project_folder(self):
        database = database_from_url("", BASE_DIR)
        self.assertEqual(database["ENGINE"], "newsroom.sqlite3")
        self.assertEqual(database["NAME"], BASE_DIR / "db.sqlite3")

    def test_sqlite_url_with_three_slashes_is_relative(self):
        database = database_from_url("sqlite:///data/site.db", BASE_DIR)
        self.assertEqual(database["NAME"], "data/site.db")

    def test_sqlite_url_with_four_slashes_is_absolute(self):
        database = database_from_url("sqlite:////var/lib/newsroom/site.db", BASE_DIR)
        self.assertEqual(database["NAME"], "/var/lib/newsroom/site.db")

    def test_sqlite_waits_for_the_write_lock_instead_of_failing(self):
        options = database_from_url("sqlite:///site.db", BASE_DIR)["OPTIONS"]
        self.assertEqual(options["transaction_mode"], "IMMEDIATE")
        self.assertIn("journal_mode=WAL", options["init_command"])

    def test_sqlite_keeps_its_connection_between_requests_and_checks_it(self):
        database = database_from_url("sqlite:///site.db", BASE_DIR)
        self.assertGreater(database["CONN_MAX_AGE"], 0)
        self.assertTrue(database["CONN_HEALTH_CHECKS"])

    def test_postgres_url_gives_every_connection_detail(self):
        url = "postgres://news:p%40ss%2Fword@db.internal:6543/newsroom?sslmode=require"
        database = database_from_url(url, BASE_DIR)
        self.assertEqual(database["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(database["NAME"], "newsroom")
        self.assertEqual(database["USER"], "news")
        self.assertEqual(database["PASSWORD"], "p@ss/word")
        self.assertEqual(database["HOST"], "db.internal")
        self.assertEqual(database["PORT"], "6543")
        self.assertEqual(database["OPTIONS"], {"sslmode": "require"})

    def test_postgres_url_without_port_or_password_leaves_them_empty(self):
        database = database_from_url("postgresql://news@localhost/newsroom", BASE_DIR)
        self.assertEqual(database["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(database["PASSWORD"], "")
        self.assertEqual(database["PORT"], "")

    def test_conn_max_age_option_sets_persistent_connections(self):
        url = "postgres://news@localhost/newsroom?conn_max_age=0"
        database = database_from_url(url, BASE_DIR)
        self.assertEqual(database["CONN_MAX_AGE"], 0)
        self.assertEqual(database["OPTIONS"], {})

    def test_unsupported_scheme_raises_value_error(self):
        with self.assertRaisesMessage(ValueError, "scheme 'mysql' is not supported"):
            database_from_url("mysql://news@localhost/newsroom", BASE_DIR)
