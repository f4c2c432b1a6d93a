-- Arbor schema 14 (PostgreSQL): two-factor sign-in (TOTP). A company setting requires it of staff;
-- members may turn it on for themselves. The authenticator keys and recovery codes are
-- ASP.NET Core Identity's (user_tokens, users.two_factor_enabled, schema 4).
ALTER TABLE company ADD COLUMN staff_two_factor boolean NOT NULL DEFAULT false;
