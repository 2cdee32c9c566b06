//! The real server binary, started as an operator starts it, and a plain HTTP client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    pub address: String,
    /// Everything the server printed on stdout, up to "running at".
    pub banner: String,
    /// Everything it printed on stdout and stderr, when started with [`start_configured`].
    log: Option<Arc<Mutex<String>>>,
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// Checks the answer is `status` and its body says `text`, showing the body when not.
    pub fn assert_says(&self, status: u16, text: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(self.body.contains(text), "“{text}” not in {}", self.body);
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The session cookie the server set, as `name=value` ready to send back.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, value)| value.split(';').next().unwrap_or_default().to_owned())
            .find(|cookie| cookie.contains("turnaround"))
    }
}

pub fn free_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
    listener.local_addr().unwrap().to_string()
}

pub fn command(database_url: &str, address: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_turnaround"));
    command
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", address)
        .env("TURNAROUND_DEMO_DATA", "1")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

pub fn start(database_url: &str) -> Server {
    launch(database_url, false, |_| {})
}

/// Starts the server with extra settings (its environment) made by `configure`, and keeps
/// reading everything it prints (stdout and stderr, where a panic goes) for [`Server::log`].
/// Reading both pipes to the end also means a chatty server can never block on a full pipe.
pub fn start_configured(database_url: &str, configure: impl FnOnce(&mut Command)) -> Server {
    launch(database_url, true, configure)
}

fn launch(database_url: &str, keep_log: bool, configure: impl FnOnce(&mut Command)) -> Server {
    let address = free_address();
    let mut command = command(database_url, &address);
    configure(&mut command);
    let mut child = command.spawn().expect("start server");
    let log = keep_log.then(|| Arc::new(Mutex::new(String::new())));
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    let stdout_log = log.clone();
    std::thread::spawn(move || {
        let mut banner_done = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(log) = &stdout_log {
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
            if !banner_done && lines.send(line).is_err() {
                if stdout_log.is_none() {
                    break;
                }
                banner_done = true;
            }
        }
    });
    if let Some(log) = log.clone() {
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut chunk = Vec::new();
            while reader.read_until(b'\n', &mut chunk).unwrap_or(0) > 0 {
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk));
                chunk.clear();
            }
        });
    }
    let mut banner = String::new();
    loop {
        match received.recv_timeout(START_TIMEOUT) {
            Ok(line) => {
                banner.push_str(&line);
                banner.push('\n');
                if line.contains("TurnAround is running at") {
                    break;
                }
            }
            Err(_) => {
                let _ = child.kill();
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    pipe.read_to_string(&mut stderr).ok();
                }
                if let Some(log) = &log {
                    stderr.push_str(&log.lock().unwrap());
                }
                panic!("server did not start; stdout: {banner}; stderr: {stderr}");
            }
        }
    }
    Server {
        child,
        address,
        banner,
        log,
    }
}

impl Server {
    /// The server's process id (to read its memory use from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A plain HTTP/1.0 exchange: the body arrives whole, never chunked. Sends this site's own
    /// `Origin`, as a browser does for its own forms and fetches.
    pub fn request(&self, method: &str, path: &str, body: &str, cookie: Option<&str>) -> Reply {
        let origin = self.origin();
        self.request_with(method, path, body, cookie, &[("Origin", origin.as_str())])
    }

    pub fn request_with(
        &self,
        method: &str,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.try_request_bytes(
            method,
            path,
            body.as_bytes(),
            Some("application/x-www-form-urlencoded"),
            cookie,
            headers,
        )
        .expect("response")
    }

    /// The general exchange: any bytes as the body (invalid UTF-8 included), any content type
    /// (`None`: no `Content-Type` header at all). An answer that never comes, or a connection
    /// dropped without one, is an `Err` for the caller to report.
    pub fn try_request_bytes(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: Option<&str>,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> std::io::Result<Reply> {
        let mut stream = TcpStream::connect(&self.address)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut head = format!(
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            // What the app's own server-function calls send.
            head.push_str("Accept: application/json\r\n");
        }
        if let Some(cookie) = cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        // A server may answer (and close) before reading a large body; the answer still counts.
        let _ = stream.write_all(&request);
        let mut response = Vec::new();
        stream.read_to_end(&mut response)?;
        let response = String::from_utf8_lossy(&response);
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    format!(
                        "no status line in “{}”",
                        head.chars().take(200).collect::<String>()
                    ),
                )
            })?;
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Ok(Reply {
            status,
            headers,
            body: body.to_owned(),
        })
    }

    /// Everything the server has printed so far (stdout and stderr); empty unless it was started
    /// with [`start_configured`].
    pub fn log(&self) -> String {
        self.log
            .as_ref()
            .map(|log| log.lock().unwrap().clone())
            .unwrap_or_default()
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.request("GET", path, "", cookie)
    }

    pub fn post(&self, path: &str, body: &str, cookie: Option<&str>) -> Reply {
        self.request("POST", path, body, cookie)
    }

    /// Signs in with the demo password and returns the session cookie.
    pub fn sign_in(&self, username: &str, code: Option<&str>) -> String {
        let mut form = format!(
            "username={}&password={}",
            form_encode(username),
            form_encode(turnaround::demo::DEMO_PASSWORD)
        );
        if let Some(code) = code {
            form.push_str(&format!("&code={code}"));
        }
        let reply = self.post("/api/sign_in", &form, None);
        assert_eq!(reply.status, 200, "sign-in as {username}: {}", reply.body);
        reply.session_cookie().expect("a session cookie")
    }

    /// Stops the server (SIGTERM) and returns everything it printed, to its last line.
    pub fn stop_and_read_log(self) -> (ExitStatus, String) {
        let log = self.log.clone();
        let status = self.terminate();
        // The readers stop at the end of the pipes, just after the process.
        std::thread::sleep(Duration::from_millis(300));
        let text = log
            .map(|log| log.lock().unwrap().clone())
            .unwrap_or_default();
        (status, text)
    }

    /// Sends SIGTERM, as a service manager does, and waits for the process to end.
    pub fn terminate(mut self) -> ExitStatus {
        let signalled = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(signalled.success());
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("server still running 30 s after SIGTERM");
    }
}

impl Server {
    /// Stops the server at once with SIGKILL, as a power cut would (no checkpoint, no clean
    /// close), and waits until every thread of it has gone, and its locks with them.
    pub fn kill(mut self) -> ExitStatus {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("wait for the server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
