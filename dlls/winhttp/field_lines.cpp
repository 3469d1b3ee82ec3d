#include "field_lines.h"

#include <algorithm>
#include <cstring>

#include "text.h"

namespace winhttp {
void field_lines::add(std::string_view name, std::string_view value)
{
    size_t start = text_.size();
    text_.append(name).append(": ").append(value);
    end_line(start);
}

void field_lines::add_line(std::string_view line)
{
    size_t start = text_.size();
    text_.append(line);
    end_line(start);
}

// A line ends at its first NUL, as a C string given to curl_slist_append
// would.
void field_lines::end_line(size_t start)
{
    size_t nul = text_.find('\0', start);
    if (nul != std::string::npos)
        text_.resize(nul);
    text_ += '\0';
}

bool field_lines::has(std::string_view name) const
{
    for (size_t at = 0; at < text_.size(); at = text_.find('\0', at) + 1) {
        std::string_view line(text_.data() + at);
        if (line.size() > name.size() && (line[name.size()] == ':' || line[name.size()] == ';') &&
            iequals(line.substr(0, name.size()), name))
            return true;
    }
    return false;
}

curl_slist *field_lines::list()
{
    nodes_.clear();
    nodes_.reserve(size_t(std::count(text_.begin(), text_.end(), '\0')));
    for (size_t at = 0; at < text_.size(); at = text_.find('\0', at) + 1)
        nodes_.push_back({text_.data() + at, nullptr});
    for (size_t i = 0; i + 1 < nodes_.size(); ++i)
        nodes_[i].next = &nodes_[i + 1];
    return nodes_.empty() ? nullptr : nodes_.data();
}

bool copy_without_field(const curl_slist *list, std::string_view name, curl_slist *&out)
{
    out = nullptr;
    for (const curl_slist *l = list; l; l = l->next) {
        std::string_view line(l->data);
        if (line.size() > name.size() && line[name.size()] == ':' && iequals(line.substr(0, name.size()), name))
            continue;
        curl_slist *next = curl_slist_append(out, l->data);
        if (!next) {
            curl_slist_free_all(out);
            out = nullptr;
            return false;
        }
        out = next;
    }
    return true;
}

}  // namespace winhttp
