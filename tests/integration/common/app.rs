//! The real server binary, started as an operator starts it, and a plain HTTP client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::url_for;

const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    pub address: String,
    /// Everything the server printed on stdout, up to "running at".
    pub banner: String,
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

pub fn start(database: &Path) -> Server {
    start_configured(database, |_| {})
}

/// Starts the server with extra settings (environment, where its log goes) made by `configure`.
pub fn start_configured(database: &Path, configure: impl FnOnce(&mut Command)) -> Server {
    let address = free_address();
    let mut command = command(&url_for(database), &address);
    configure(&mut command);
    let mut child = command.spawn().expect("start server");
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
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
                panic!("server did not start; stdout: {banner}; stderr: {stderr}");
            }
        }
    }
    Server {
        child,
        address,
        banner,
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
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
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
        write!(stream, "{head}\r\n{body}").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
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
            form_encode(turnaround::data::demo::DEMO_PASSWORD)
        );
        if let Some(code) = code {
            form.push_str(&format!("&code={code}"));
        }
        let reply = self.post("/api/sign_in", &form, None);
        assert_eq!(reply.status, 200, "sign-in as {username}: {}", reply.body);
        reply.session_cookie().expect("a session cookie")
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
