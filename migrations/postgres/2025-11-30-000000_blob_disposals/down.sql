DROP TABLE blob_disposals;
