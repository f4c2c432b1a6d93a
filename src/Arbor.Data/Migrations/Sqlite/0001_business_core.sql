-- Arbor schema 1 (SQLite): the company, members and genealogy, placement, catalog, customers, orders.
-- Money and volume are TEXT: SQLite's NUMERIC affinity would turn them into binary floating point.
CREATE TABLE company (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    placement TEXT NOT NULL CHECK (placement IN ('none', 'binary', 'matrix')),
    binary_default TEXT NOT NULL CHECK (binary_default IN ('extreme_left', 'extreme_right', 'weaker_leg')),
    matrix_width INTEGER NOT NULL,
    matrix_depth INTEGER NOT NULL
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    language TEXT NOT NULL,
    joined_on TEXT NOT NULL,
    sponsor_id INTEGER NULL REFERENCES members (id),
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    placement_parent_id INTEGER NULL REFERENCES members (id),
    placement_position INTEGER NULL,
    placement_path TEXT NULL,
    placement_depth INTEGER NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    status_since TEXT NOT NULL,
    highest_rank TEXT NULL,
    carry_left TEXT NOT NULL DEFAULT '0',
    carry_right TEXT NOT NULL DEFAULT '0',
    UNIQUE (placement_parent_id, placement_position)
);
CREATE INDEX ix_members_sponsor ON members (sponsor_id);
CREATE INDEX ix_members_path ON members (path, depth);
CREATE INDEX ix_members_placement_path ON members (placement_path);

CREATE TABLE member_status_changes (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id),
    status TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX ix_member_status_changes_member ON member_status_changes (member_id, effective_on);

CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    currency TEXT NOT NULL,
    active INTEGER NOT NULL
);

CREATE TABLE product_prices (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    effective_from TEXT NOT NULL,
    retail_price TEXT NOT NULL,
    member_price TEXT NOT NULL,
    pv TEXT NOT NULL,
    cv TEXT NOT NULL,
    UNIQUE (product_id, effective_from)
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('retail', 'preferred')),
    referrer_id INTEGER NOT NULL REFERENCES members (id),
    created_on TEXT NOT NULL
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('personal', 'retail', 'return')),
    member_id INTEGER NOT NULL REFERENCES members (id),
    customer_id INTEGER NULL REFERENCES customers (id),
    original_order_id INTEGER NULL REFERENCES orders (id),
    original_number TEXT NULL,
    amount TEXT NULL,
    wholesale TEXT NULL,
    pv TEXT NOT NULL,
    cv TEXT NOT NULL
);
CREATE INDEX ix_orders_date ON orders (date);
CREATE INDEX ix_orders_member ON orders (member_id, date);
CREATE INDEX ix_orders_original ON orders (original_order_id);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price TEXT NOT NULL,
    unit_member_price TEXT NOT NULL,
    unit_pv TEXT NOT NULL,
    unit_cv TEXT NOT NULL,
    original_line_id INTEGER NULL REFERENCES order_lines (id)
);
CREATE INDEX ix_order_lines_order ON order_lines (order_id);
CREATE INDEX ix_order_lines_original ON order_lines (original_line_id);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    effective_from TEXT NOT NULL UNIQUE,
    yaml TEXT NOT NULL
);
