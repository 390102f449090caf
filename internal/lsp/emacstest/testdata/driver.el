;;; driver.el --- play a user fixing a factoryscope finding  -*- lexical-binding: t -*-

;; Loaded after the user's init file (the README's snippet) by a real,
;; interactive `emacs -nw' that visits FACTORYSCOPE_FILE.  The command loop
;; runs as usual (hooks, idle timers, the minibuffer); this file only
;; watches the buffer from a timer and, when a step's condition holds,
;; types the user's next keys into `unread-command-events', where the
;; command loop reads them as if typed:
;;
;;   1. lsp-mode only: answer its "Import project root" question with `i';
;;   2. wait until the client is connected and factoryscope's diagnostic is
;;      shown (flymake, which both clients use), record where it is;
;;   3. M-x flymake-goto-next-error, to put point on it;
;;   4. the client's own code action command, picking the quick-fix in its
;;      menu: `M-x eglot-code-actions RET RET' (RET takes the default, the
;;      preferred action) or `M-x lsp-execute-code-action RET Call TAB RET';
;;   5. wait for the edit and for the diagnostic to clear, then C-x C-s.
;;
;; Environment: FACTORYSCOPE_CLIENT (eglot or lsp-mode), FACTORYSCOPE_FILE,
;; FACTORYSCOPE_RESULT (where the JSON result goes), FACTORYSCOPE_TIMEOUT
;; (seconds per step).  Emacs exits 0 when every step passed, 1 otherwise.

(require 'cl-lib)
(require 'json)
(require 'flymake)

(defvar fs-client (getenv "FACTORYSCOPE_CLIENT"))
(defvar fs-file (getenv "FACTORYSCOPE_FILE"))
(defvar fs-out (getenv "FACTORYSCOPE_RESULT"))
(defvar fs-timeout (string-to-number (or (getenv "FACTORYSCOPE_TIMEOUT") "60")))
(defvar fs-started (float-time))
(defvar fs-result (list (cons 'steps nil)) "What the test reads, as JSON.")
(defvar fs-steps nil "Steps left: (NAME CONDITION ACTION).")
(defvar fs-step-started nil)
(defvar fs-timer nil)
(defvar fs-key-prompt nil "The last prompt of `read-key'.")

(defun fs-set (key value) (setf (alist-get key fs-result) value))

(defun fs-log (fmt &rest args)
  (let ((line (format "%6d ms  %s" (round (* 1000 (- (float-time) fs-started)))
                      (apply #'format fmt args))))
    (fs-set 'steps (append (alist-get 'steps fs-result) (list line)))))

(defun fs-buffer () (find-buffer-visiting fs-file))

(defun fs-logs ()
  "The client's protocol log and the server's stderr, for a failure."
  (mapconcat (lambda (b)
               (format "--- %s\n%s" (buffer-name b)
                       (with-current-buffer b
                         (buffer-substring-no-properties (max (point-min) (- (point-max) 20000)) (point-max)))))
             (cl-remove-if-not (lambda (b) (string-match-p "EGLOT\\|lsp-log\\|stderr\\|factoryscope" (buffer-name b)))
                               (buffer-list))
             "\n"))

(defun fs-finish (err)
  (when fs-timer (cancel-timer fs-timer))
  (when err
    (fs-set 'error err)
    (fs-set 'logs (fs-logs))
    (when-let ((buf (fs-buffer)))
      (with-current-buffer buf
        (fs-set 'state (format "major mode %S, modified %S, flymake %S"
                               major-mode (buffer-modified-p) (bound-and-true-p flymake-mode))))))
  (fs-set 'messages (with-current-buffer (messages-buffer) (buffer-string)))
  (with-temp-file fs-out (insert (json-encode fs-result)))
  (kill-emacs (if err 1 0)))

(defun fs-column (pos)
  "POS's column in characters (code points), as the test counts; not
`current-column', which counts display width (a tab is 8, 🚀 is 2)."
  (save-excursion (goto-char pos) (- pos (line-beginning-position))))

(defun fs-diagnostics ()
  "Flymake's diagnostics in the file: where they are, in lines and
columns (characters), the text they cover and their message."
  (when-let ((buf (fs-buffer)))
    (with-current-buffer buf
      (mapcar (lambda (d)
                (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
                  `((line . ,(line-number-at-pos beg t))
                    (column . ,(fs-column beg))
                    (end_line . ,(line-number-at-pos end t))
                    (end_column . ,(fs-column end))
                    (text . ,(buffer-substring-no-properties beg end))
                    (message . ,(flymake-diagnostic-text d)))))
              (flymake-diagnostics)))))

(defun fs-connected ()
  "Non-nil once the client manages the file with factoryscope."
  (when-let ((buf (fs-buffer)))
    (with-current-buffer buf
      (pcase fs-client
        ("eglot" (and (bound-and-true-p eglot--managed-mode) (eglot-current-server)))
        ("lsp-mode"
         (and (bound-and-true-p lsp-mode)
              (cl-some (lambda (w)
                         (and (eq (lsp--client-server-id (lsp--workspace-client w)) 'factoryscope)
                              (eq (lsp--workspace-status w) 'initialized)))
                       (lsp-workspaces))))))))

(defun fs-type (keys)
  "Queue KEYS, as `kbd' reads them, for the command loop to read as typed."
  (fs-log "type %s" keys)
  (setq unread-command-events (append unread-command-events (append (kbd keys) nil))))

;; Record what the user is shown, changing nothing.
(advice-add 'read-key :before (lambda (&optional prompt &rest _) (setq fs-key-prompt prompt)))
(advice-add 'completing-read :before
            (lambda (prompt collection &rest _)
              (unless (string-prefix-p "M-x" prompt)
                (fs-set 'prompt prompt)
                (fs-set 'offered (all-completions "" collection)))))

(defun fs-tick ()
  (condition-case err
      (while (and fs-steps
                  (let ((step (car fs-steps)))
                    (cond
                     ((funcall (nth 1 step))
                      (fs-log "%s" (nth 0 step))
                      (pop fs-steps)
                      (setq fs-step-started (float-time))
                      (when (nth 2 step) (funcall (nth 2 step)))
                      t)
                     ((> (- (float-time) fs-step-started) fs-timeout)
                      (fs-finish (format "%s: nothing after %d s" (nth 0 step) fs-timeout)))))))
    (error (fs-finish (error-message-string err))))
  (unless fs-steps (fs-finish nil)))

(setq fs-steps
      (append
       (when (equal fs-client "lsp-mode")
         (list (list "lsp-mode asks for the project root" (lambda () fs-key-prompt)
                     (lambda () (fs-set 'root_prompt fs-key-prompt) (fs-type "i")))))
       (list
        (list "client connected" #'fs-connected nil)
        (list "diagnostics shown" #'fs-diagnostics
              (lambda ()
                (fs-set 'diagnostics (fs-diagnostics))
                (fs-type "M-x flymake-goto-next-error RET")))
        (list "point on the diagnostic" (lambda () (with-current-buffer (fs-buffer) (> (point) (point-min))))
              (lambda ()
                (with-current-buffer (fs-buffer)
                  (fs-set 'point `((line . ,(line-number-at-pos)) (column . ,(fs-column (point))))))
                (pcase fs-client
                  ("eglot" (fs-type "M-x eglot-code-actions RET RET"))
                  ("lsp-mode" (fs-type "M-x lsp-execute-code-action RET Call TAB RET")))))
        (list "buffer edited by the code action" (lambda () (buffer-modified-p (fs-buffer))) nil)
        (list "diagnostics cleared" (lambda () (null (fs-diagnostics)))
              (lambda () (fs-set 'cleared t) (fs-type "C-x C-s")))
        (list "saved" (lambda () (not (buffer-modified-p (fs-buffer)))) nil))))

(setq fs-step-started (float-time))
(setq fs-timer (run-with-timer 0.1 0.05 #'fs-tick))
