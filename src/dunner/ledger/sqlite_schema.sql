-- The schema of a new SQLite ledger: every statement the migrations (migrations/versions) leave
-- in sqlite_master when run on an empty file, in its order, and the revision they reach.
-- Not edited by hand: after changing the migrations, write it again with python tests/ledger/schema_regen.py

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE customer (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	name_key VARCHAR NOT NULL, 
	owner VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	wechat VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	city VARCHAR NOT NULL, 
	distance_km FLOAT, 
	credit_limit BIGINT, 
	terms VARCHAR, 
	pay_days VARCHAR NOT NULL, 
	closing_day INTEGER, 
	no_monday BOOLEAN NOT NULL, 
	no_morning BOOLEAN NOT NULL, 
	do_not_contact BOOLEAN NOT NULL, 
	paused_until DATE, 
	status VARCHAR NOT NULL, 
	founded DATE, 
	registered_capital BIGINT, 
	annual_revenue BIGINT, 
	debt_ratio INTEGER, 
	notes VARCHAR NOT NULL, 
	created_on DATE, late_rate VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	UNIQUE (name_key)
);

CREATE TABLE reminder_sent (
	id INTEGER NOT NULL, 
	sent_on DATE NOT NULL, 
	recipient VARCHAR NOT NULL, 
	channel VARCHAR NOT NULL, 
	digest_hash VARCHAR NOT NULL, 
	sent_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sent_on, recipient, channel, digest_hash)
);

CREATE TABLE acknowledgement (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	on_date DATE NOT NULL, 
	balance BIGINT NOT NULL, 
	note VARCHAR NOT NULL, undone_on DATE, undo_note VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX ix_acknowledgement_customer_id ON acknowledgement (customer_id);

CREATE TABLE contact_log (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	channel VARCHAR NOT NULL, 
	outcome VARCHAR, 
	excuse VARCHAR, 
	note VARCHAR NOT NULL, 
	who VARCHAR NOT NULL, 
	evidence BOOLEAN NOT NULL, 
	action_id VARCHAR, undone_on DATE, undo_note VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX ix_contact_log_action_id ON contact_log (action_id);

CREATE INDEX ix_contact_log_customer_id ON contact_log (customer_id);

CREATE TABLE contact_person (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	wechat VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX ix_contact_person_customer_id ON contact_person (customer_id);

CREATE TABLE payment (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	paid_on DATE, 
	amount BIGINT NOT NULL, 
	method VARCHAR NOT NULL, 
	reference VARCHAR NOT NULL, 
	invoice_number VARCHAR, 
	origin VARCHAR NOT NULL, 
	import_key VARCHAR, 
	source_file VARCHAR NOT NULL, 
	source_ref VARCHAR NOT NULL, recorded_on DATE, undone_on DATE, undo_note VARCHAR DEFAULT '' NOT NULL, bill_kind VARCHAR, bill_no VARCHAR, bill_acceptor VARCHAR DEFAULT '' NOT NULL, bill_matures DATE, bill_state VARCHAR, bill_state_on DATE, bill_endorsed_to VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE, 
	UNIQUE (import_key)
);

CREATE INDEX ix_payment_customer_id ON payment (customer_id);

CREATE TABLE promise (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	made_on DATE NOT NULL, 
	due_on DATE NOT NULL, 
	amount BIGINT NOT NULL, 
	"plan" VARCHAR, 
	note VARCHAR NOT NULL, undone_on DATE, undo_note VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX ix_promise_customer_id ON promise (customer_id);

CREATE TABLE "signal" (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	on_date DATE NOT NULL, 
	kind VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	resolved_on DATE, undone_on DATE, undo_note VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE
);

CREATE INDEX ix_signal_customer_id ON signal (customer_id);

CREATE INDEX ix_payment_bill_no ON payment (bill_no);

CREATE TABLE "invoice" (
	id INTEGER NOT NULL, 
	customer_id INTEGER NOT NULL, 
	number VARCHAR NOT NULL, 
	issued DATE NOT NULL, 
	due DATE, 
	amount BIGINT NOT NULL, 
	description VARCHAR NOT NULL, 
	signed_receipt BOOLEAN NOT NULL, 
	disputed BOOLEAN NOT NULL, 
	dispute_reason VARCHAR NOT NULL, 
	owner VARCHAR NOT NULL, 
	source_file VARCHAR NOT NULL, 
	source_ref VARCHAR NOT NULL, 
	fapiao_state VARCHAR DEFAULT 'untracked' NOT NULL, 
	fapiao_no VARCHAR DEFAULT ('') NOT NULL, 
	fapiao_date DATE, 
	fapiao_received_on DATE, 
	approximate BOOLEAN DEFAULT 0 NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(customer_id) REFERENCES customer (id) ON DELETE CASCADE, 
	UNIQUE (customer_id, number)
);

CREATE INDEX ix_invoice_customer_id ON invoice (customer_id);

CREATE TABLE import_file (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	family VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);

CREATE INDEX ix_import_file_family ON import_file (family);

INSERT INTO alembic_version (version_num) VALUES ('0007');
