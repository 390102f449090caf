package sessions

import "example.com/app/internal/session"

func Global() *session.Session { return nil }

func ForUser(s *session.Session) *session.Session { return s }
