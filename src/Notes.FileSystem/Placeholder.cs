namespace Notes.FileSystem;
