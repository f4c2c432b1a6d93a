-- Arbor schema 2 (SQLite): monthly autoship subscriptions and the orders each run created.
CREATE TABLE autoships (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NULL REFERENCES members (id),
    customer_id INTEGER NULL REFERENCES customers (id),
    day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
    starts_on TEXT NOT NULL,
    active INTEGER NOT NULL,
    CHECK ((member_id IS NULL) <> (customer_id IS NULL))
);

CREATE TABLE autoship_items (
    id INTEGER PRIMARY KEY,
    autoship_id INTEGER NOT NULL REFERENCES autoships (id),
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL CHECK (quantity > 0)
);

CREATE TABLE autoship_runs (
    autoship_id INTEGER NOT NULL REFERENCES autoships (id),
    due_on TEXT NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    PRIMARY KEY (autoship_id, due_on)
);
