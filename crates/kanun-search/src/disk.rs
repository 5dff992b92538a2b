//! The index's files on disk: tantivy's memory-mapped directory, with a switch that makes every write fail as a
//! full disk would, so the tests can show that the index recovers from one without a restart.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr,
};

/// [`MmapDirectory`] with a full-disk switch shared by all its clones.
#[derive(Clone, Debug)]
pub(crate) struct Disk {
    inner: MmapDirectory,
    full: Arc<AtomicBool>,
}

impl Disk {
    pub(crate) fn open(dir: &Path) -> Result<Disk, OpenDirectoryError> {
        Ok(Disk { inner: MmapDirectory::open(dir)?, full: Arc::default() })
    }

    /// The switch: while it is on, opening a file for writing and writing a file whole fail with "no space left".
    pub(crate) fn full_switch(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.full)
    }

    fn refuse(&self) -> io::Result<()> {
        if self.full.load(Ordering::Relaxed) {
            Err(io::Error::from(io::ErrorKind::StorageFull))
        } else {
            Ok(())
        }
    }
}

/// Every method is forwarded, not left to the trait's defaults: the memory-mapped directory locks with the
/// operating system's file locks, which a killed process releases (the default lock is a file that a SIGKILL
/// leaves behind, and every later writer would find the index busy).
impl Directory for Disk {
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.refuse().map_err(|io_error| OpenWriteError::IoError {
            io_error: Arc::new(io_error),
            filepath: PathBuf::from(path),
        })?;
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.refuse()?;
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
