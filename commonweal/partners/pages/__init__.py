"""The partner programme's web pages beyond the public directory: applying, a
representative's own pages, the office's review in the workbench, and residents' actions on a
profile. Views shape input and call the same services as GraphQL."""
