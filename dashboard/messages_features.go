package dashboard

// Feature message maps, filled in by the files of each feature as it lands. Keep each key's
// prefix to its feature (view., staff., export.) so maps never collide.
var ()
