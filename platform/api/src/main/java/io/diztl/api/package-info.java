/** Types shared by every diztl module and, later, by plugins: file types, queries and errors. */
package io.diztl.api;
