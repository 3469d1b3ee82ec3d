// A request's header fields as curl takes them (CURLOPT_HTTPHEADER): one
// line per field, in the order they go out.  curl_slist_append costs two
// allocations a line (a copy of the text and a node); here all lines share
// one string and all nodes one array, two allocations in all, which is a
// few percent of a small request's instructions (make bench-callgrind).
// curl only reads the list it is given, so nodes it did not make serve.
#pragma once
#include <curl/curl.h>

#include <string>
#include <string_view>
#include <vector>

namespace winhttp {

class field_lines {
public:
    // Keeps room for a few lines of this many bytes in all.
    void reserve(size_t bytes) { text_.reserve(bytes); }
    // Adds "name: value".
    void add(std::string_view name, std::string_view value);
    // Adds a line as it is: curl reads "Name:" as "do not send Name" and
    // "Name;" as "send Name empty".
    void add_line(std::string_view line);
    // Whether a line is for the field `name` (any case; "Name:" or "Name;").
    bool has(std::string_view name) const;
    // The lines as a curl list, made anew by each call: it stays valid
    // until the next call, or a change, or the end of this object.  Null
    // when there are no lines.
    curl_slist *list();

private:
    void end_line(size_t start);

    std::string text_;  // the lines, each ended by a NUL
    std::vector<curl_slist> nodes_;
};

// Copies `list` with curl_slist_append, leaving out the lines for the field
// `name` ("Name:...", any case), into `out`.  Returns false, with out null,
// when memory runs out.
bool copy_without_field(const curl_slist *list, std::string_view name, curl_slist *&out);

}  // namespace winhttp
