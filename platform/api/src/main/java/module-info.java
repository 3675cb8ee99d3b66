/** Types shared by every diztl module and, later, by plugins: file types, queries and errors. */
module io.diztl.api {
  exports io.diztl.api;
}
