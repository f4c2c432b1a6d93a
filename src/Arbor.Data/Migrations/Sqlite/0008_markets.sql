-- Arbor schema 8 (SQLite): markets, the countries with their own currency and price list.
-- A member in a market's country buys, and its shop sells, at that market's prices in its
-- currency; the order also keeps those prices converted into the company's currency at the
-- market's rate, which is what the books and the compensation plan use.
CREATE TABLE markets (
    country TEXT PRIMARY KEY,      -- ISO 3166-1 alpha-2
    currency TEXT NOT NULL,        -- ISO 4217
    rate TEXT NOT NULL             -- company currency per one unit of the market's currency
);

CREATE TABLE market_prices (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    country TEXT NOT NULL REFERENCES markets (country),
    effective_from TEXT NOT NULL,
    retail_price TEXT NOT NULL,
    member_price TEXT NOT NULL,
    UNIQUE (product_id, country, effective_from)
);

-- What the buyer paid in its market's currency (NULL: the order is in the company's currency).
ALTER TABLE orders ADD COLUMN currency TEXT NULL;
ALTER TABLE orders ADD COLUMN local_amount TEXT NULL;
ALTER TABLE order_lines ADD COLUMN unit_local_price TEXT NULL;
