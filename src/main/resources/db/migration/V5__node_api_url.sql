-- Where other nodes reach this node's REST API, to forward requests about the ingests it owns.
ALTER TABLE node ADD COLUMN api_url VARCHAR(512);
