-- Each ledger entry paid for four index writes; two served no query. "userId" alone is the prefix
-- of ("userId", "createdAt"), and nothing looks entries up by type alone.
DROP INDEX "token_transactions_userId_idx";
DROP INDEX "token_transactions_type_idx";
