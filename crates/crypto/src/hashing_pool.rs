//! A few dedicated threads for password hashing.
//!
//! Each argon2 hash allocates 19 MiB. On tokio's blocking pool every fresh thread gets
//! its own malloc arena and keeps that memory after the hash is done, so a burst of
//! sign-ins left the server holding hundreds of megabytes (measured: 20 sequential
//! logins took resident memory from 23 MB to 237 MB). A fixed set of threads bounds
//! that at one buffer per thread, and bounds the CPU sign-ins can take from everything
//! else the server does.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use identity::ports::CredentialsError;

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct HashingPool {
    jobs: mpsc::Sender<Job>,
}

impl HashingPool {
    pub(crate) fn new(threads: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match queue.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            // Every sender is gone: the credentials were dropped.
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        Self { jobs }
    }

    /// Runs `work` on a hashing thread and waits for its result without blocking the
    /// async runtime.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, CredentialsError> {
        let (done, result) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(work());
            }))
            .map_err(|_| CredentialsError::Unexpected("password hashing threads stopped".into()))?;
        result
            .await
            .map_err(|_| CredentialsError::Unexpected("password hashing thread failed".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_work_on_its_own_named_threads() {
        let pool = HashingPool::new(2);
        let name = pool
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("argon2-"));
        let results = futures_join(&pool).await;
        assert_eq!(results, vec![0, 1, 4, 9, 16]);
    }

    async fn futures_join(pool: &HashingPool) -> Vec<u32> {
        let mut out = Vec::new();
        for i in 0..5u32 {
            out.push(pool.run(move || i * i).await.unwrap());
        }
        out
    }
}
