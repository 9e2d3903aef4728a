//! The actor table: one `ActorBuild` per actor, found again by knowledge
//! entry, folded surname (with first name and gender where known) or kind
//! and name; roles and affiliations read from the words around a person's
//! mentions ("UK defence secretary John Healey", "X, America's new defence
//! secretary,"). Used by the actor stage and by reference resolution.

use super::words::{capitalise, first_name_key, genders_agree, slug};
use super::{ActorBuild, Doc, NONE};
use crate::analysis::ActorKind;
use crate::knowledge::fold_name;
use crate::lexicon::Class;
use crate::lexicon::Gender;
use crate::text::TokenKind;
use std::ops::Range;

impl<'t> Doc<'t> {
    pub(super) fn country_actor(&mut self, c: usize) -> usize {
        if let Some(&a) = self.country_actors.get(&c) {
            return a;
        }
        let a = self.new_country_actor(c);
        self.country_actors.insert(c, a);
        a
    }

    pub(super) fn new_country_actor(&mut self, c: usize) -> usize {
        let name = self.k.countries[c].name.clone();
        let key = fold_name(&name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind == ActorKind::Country && a.key == key)
        {
            return a;
        }
        self.push_actor(ActorBuild {
            affiliation: Some(name.clone()),
            ..self.blank(name, ActorKind::Country, key)
        })
    }

    pub(super) fn org_actor(&mut self, o: usize) -> usize {
        if let Some(&a) = self.org_actors.get(&o) {
            return a;
        }
        let a = self.new_org_actor(o);
        self.org_actors.insert(o, a);
        a
    }

    pub(super) fn new_org_actor(&mut self, o: usize) -> usize {
        let org = &self.k.organisations[o];
        let kind = match org.kind.as_str() {
            "institution" => ActorKind::Institution,
            "media" => ActorKind::Media,
            _ => ActorKind::Organisation,
        };
        let key = fold_name(&org.name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind != ActorKind::Person && a.key == key)
        {
            return a;
        }
        let aff = org
            .affiliation
            .clone()
            .or_else(|| (kind == ActorKind::Organisation).then(|| org.name.clone()));
        self.push_actor(ActorBuild {
            affiliation: aff,
            ..self.blank(org.name.clone(), kind, key)
        })
    }

    pub(super) fn named_actor(&mut self, name: String, kind: ActorKind) -> usize {
        let key = fold_name(&name);
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.kind == kind && a.key == key)
        {
            return a;
        }
        self.push_actor(self.blank(name, kind, key))
    }

    pub(super) fn blank(&self, name: String, kind: ActorKind, key: String) -> ActorBuild {
        ActorBuild {
            name,
            kind,
            role: None,
            affiliation: None,
            gender: None,
            key,
            first_key: None,
            mentions: Vec::new(),
            knowledge_person: None,
        }
    }

    pub(super) fn push_actor(&mut self, a: ActorBuild) -> usize {
        self.actors.push(a);
        self.actors.len() - 1
    }

    pub(super) fn person_actor_from_knowledge(&mut self, p: usize, toks: Range<usize>) -> usize {
        if let Some(a) = self
            .actors
            .iter()
            .position(|a| a.knowledge_person == Some(p))
        {
            self.prefer_fuller_name(a, toks);
            return a;
        }
        let person = &self.k.people[p];
        let surname = person
            .name
            .split_whitespace()
            .last()
            .unwrap_or(&person.name);
        let gender = crate::knowledge::parse_gender(person.gender.as_deref());
        let key = fold_name(surname);
        // a run seen earlier with the same surname is this person too
        if let Some(a) = self.actors.iter().position(|a| {
            a.kind == ActorKind::Person && a.key == key && a.knowledge_person.is_none()
        }) {
            self.actors[a].knowledge_person = Some(p);
            return a;
        }
        let name = self.span_text(toks.clone());

        self.push_actor(ActorBuild {
            role: person.role.clone(),
            affiliation: person.affiliation.clone(),
            gender,
            knowledge_person: Some(p),
            first_key: first_name_key(self.lex, &name),
            ..self.blank(name, ActorKind::Person, key)
        })
    }

    pub(super) fn prefer_fuller_name(&mut self, a: usize, toks: Range<usize>) {
        let name = self.span_text(toks);
        let words = name.split_whitespace().count();
        let current = self.actors[a].name.split_whitespace().count();
        // among forms as full, the knowledge's own spelling ("Rustem Umerov", not a
        // caption's "Rustem Umyerov")
        let canonical = self.actors[a]
            .knowledge_person
            .is_some_and(|p| self.k.people[p].name == name);
        if words > current || (words == current && canonical) {
            self.actors[a].first_key = first_name_key(self.lex, &name);
            self.actors[a].name = name;
        }
    }

    pub(super) fn person_actor(&mut self, name: Range<usize>, titles: &[usize]) -> usize {
        let last = name.end - 1;
        let key = fold_name(self.w(last));
        let text = self.span_text(name.clone());
        let first = first_name_key(self.lex, &text);
        let gender = titles
            .iter()
            .find_map(|&t| self.lex.title_gender(self.w(t)))
            .or_else(|| self.k.given_name_gender(self.w(name.start)));
        let existing = self.actors.iter().position(|a| {
            a.kind == ActorKind::Person
                && a.key == key
                && (a.first_key.is_none() || first.is_none() || a.first_key == first)
                && genders_agree(a.gender, gender)
        });
        if let Some(a) = existing {
            self.prefer_fuller_name(a, name);
            if self.actors[a].gender.is_none() {
                self.actors[a].gender = gender;
            }
            return a;
        }
        // a known person by surname alone ("President Putin")
        if let [p] = self.k.people_with_surname(self.w(last)) {
            let p = *p;
            let a = self.person_actor_from_knowledge(p, name.clone());
            self.prefer_fuller_name(a, name);
            return a;
        }
        let role = (!titles.is_empty()).then(|| {
            titles
                .iter()
                .map(|&t| self.lower(t))
                .collect::<Vec<_>>()
                .join(" ")
        });
        self.push_actor(ActorBuild {
            role,
            gender,
            first_key: first,
            ..self.blank(text, ActorKind::Person, key)
        })
    }

    pub(super) fn person_by_surname(
        &self,
        key: &str,
        near: usize,
        gender: Option<Gender>,
    ) -> Option<usize> {
        let near_byte = self.toks[near].start;
        let same: Vec<usize> = (0..self.actors.len())
            .filter(|&a| {
                let actor = &self.actors[a];
                actor.kind == ActorKind::Person
                    && actor.key == key
                    && genders_agree(actor.gender, gender)
            })
            .collect();
        if same.len() <= 1 {
            return same.first().copied();
        }
        let mut best: Option<(usize, usize)> = None; // (distance, actor)
        for a in same {
            let actor = &self.actors[a];
            let d = actor
                .mentions
                .iter()
                .map(|m| m.start.abs_diff(near_byte))
                .min()
                .unwrap_or(usize::MAX);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, a));
            }
        }
        best.map(|(_, a)| a)
    }

    /// Reads role and country from "UK defence secretary John Healey" and
    /// "Pete Hegseth, America's new defence secretary,".
    pub(super) fn describe_from_context(&mut self, a: usize, m: Range<usize>) {
        let Some(first) = self.tok_at(m.start) else {
            return;
        };
        let Some(last) = self.tok_at_end(m.end) else {
            return;
        };
        let para = self.toks[first].paragraph;
        let mut role_words = Vec::new();
        let mut country = None;
        // before: titles inside the run and lower-case role words
        let mut j = first;
        // "Tarsany's water minister, Petra Halloran": a role set off by a comma
        if j > 1
            && self.w(j - 1) == ","
            && self.is_lower_word(j - 2)
            && self.lex.is_role_noun(self.w(j - 2))
            && last + 1 < self.toks.len()
            && self.w(last + 1) == ","
        {
            j -= 1;
        }
        // "Estonia's Kristen Michal": the state that owns the name
        let owner = (first >= 2
            && self.toks[first - 1].kind == TokenKind::Possessive
            && self.country_of[first - 2] != NONE)
            .then(|| self.country_of[first - 2] as usize);
        let stop = j.saturating_sub(6);
        while j > 0 && self.toks[j - 1].paragraph == para && j > stop {
            let t = j - 1;
            let w = self.w(t);
            if self.country_of[t] != NONE {
                country.get_or_insert(self.country_of[t] as usize);
            } else if self.toks[t].kind == TokenKind::Possessive && !role_words.is_empty() {
                // "Valdris's chief negotiator, …": the possessor places the role
            } else if matches!(w, "its" | "Its") && !role_words.is_empty() {
                // "Ashkar … made clear it had come to listen. Its water
                // minister, …": the state named last before
                if let Some(k) = (t.saturating_sub(40)..t)
                    .rev()
                    .take_while(|&k| para - self.toks[k].paragraph <= 1)
                    .find(|&k| self.country_of[k] != NONE)
                {
                    country.get_or_insert(self.country_of[k] as usize);
                }
                break;
            } else if self.actor_of[t] != NONE
                && self.actors[self.actor_of[t] as usize].kind != ActorKind::Person
            {
                if let Some(aff) = self.actors[self.actor_of[t] as usize].affiliation.clone()
                    && let Some(c) = self.k.country_index(&aff)
                {
                    country.get_or_insert(c);
                }
                role_words.push(w.to_lowercase());
            } else if self.lex.is_title(w)
                || (self.is_lower_word(t)
                    && (self.lex.is_role_noun(w)
                        || self.lex.is_role_modifier(w)
                        // "agriculture minister": any modifier of a role noun already read
                        || role_words.iter().any(|r: &String| self.lex.is_role_noun(r)) && !self.lex.is_clause_word(w) && !self.lex.is_cue_verb(w)))
            {
                role_words.push(w.to_lowercase());
            } else {
                break;
            }
            j -= 1;
        }
        role_words.reverse();
        // after: ", [the|Country's] ... role-noun ,"
        if role_words.is_empty()
            && last + 2 < self.toks.len()
            && self.w(last + 1) == ","
            && self.toks[last + 2].paragraph == para
        {
            let mut k = last + 2;
            let mut words = Vec::new();
            while k < self.toks.len()
                && self.toks[k].paragraph == para
                && k < last + 9
                && !matches!(self.w(k), "," | "." | ";")
            {
                // "deputy spokesman for Peter Vance": the role ends at its
                // prepositional phrase once a role noun is read
                let role_word_next = k + 1 < self.toks.len()
                    && self.is_lower_word(k + 1)
                    && (self.lex.is_role_modifier(self.w(k + 1))
                        || self.lex.is_role_noun(self.w(k + 1)));
                if self.is_preposition_at(k)
                    && !role_word_next
                    && words
                        .last()
                        .is_some_and(|w: &String| self.lex.is_role_noun(w))
                {
                    break;
                }
                if self.country_of[k] != NONE {
                    country.get_or_insert(self.country_of[k] as usize);
                } else if self.is_word(k)
                    && !matches!(self.w(k), "the" | "a" | "an" | "his" | "her")
                    // "the country's": the possessor, not the role
                    && !(k + 1 < self.toks.len() && self.toks[k + 1].kind == TokenKind::Possessive)
                {
                    words.push(self.lower(k).into_owned());
                }
                k += 1;
            }
            if words.last().is_some_and(|w| self.lex.is_role_noun(w))
                && words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
            {
                role_words = words
                    .into_iter()
                    .filter(|w| !matches!(w.as_str(), "new" | "former" | "then"))
                    .collect();
            } else if !words.last().is_some_and(|w| self.lex.is_role_noun(w)) {
                country = country.filter(|_| !role_words.is_empty());
            }
        }
        let roles: Vec<String> = role_words
            .into_iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "dr" | "dr."
                )
            })
            .collect();
        if let Some(c) = country.or(owner) {
            self.affiliate_unless_affiliated(a, c);
        }
        let actor = &mut self.actors[a];
        if !roles.is_empty()
            && roles
                .iter()
                .any(|w| self.lex.is_role_noun(w) || self.lex.is_title(&capitalise(w)))
            && (actor.role.is_none() || actor.knowledge_person.is_none())
        {
            actor.role = Some(roles.join(" "));
        }
    }

    /// Actor `a`'s role is an office of a party to the talks ("water
    /// minister", "chief negotiator"), not a commentator's.
    pub(super) fn holds_party_office(&self, a: usize) -> bool {
        self.actors[a].role.as_deref().is_some_and(|r| {
            r.split_whitespace()
                .any(|w| self.lex.has(w, Class::PartyRole))
        })
    }

    /// Country `c` becomes actor `a`'s affiliation, unless it has one already.
    pub(super) fn affiliate_unless_affiliated(&mut self, a: usize, c: usize) {
        if self.actors[a].affiliation.is_none() {
            self.actors[a].affiliation = Some(self.k.countries[c].name.clone());
        }
    }

    /// The cross-article key of an actor: known people by the knowledge's
    /// name, others by their name with each word's spelling folded.
    pub(super) fn actor_key(&self, a: &ActorBuild) -> String {
        let kind = match a.kind {
            ActorKind::Person => "person",
            ActorKind::Country => "country",
            ActorKind::Group => "group",
            _ => "org",
        };
        let name = match a.knowledge_person {
            Some(p) => self.k.people[p].name.as_str(),
            None => a.name.as_str(),
        };
        // titles are no part of a person's key ("President Putin"); others keep every word
        let words: Vec<&str> = name
            .split_whitespace()
            .filter(|w| a.kind != ActorKind::Person || !self.lex.is_title(w))
            .collect();
        let words = if words.is_empty() {
            name.split_whitespace().collect()
        } else {
            words
        };
        let folded: Vec<String> = words.into_iter().map(fold_name).collect();
        format!("{kind}:{}", slug(&folded.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Through, doc};
    use crate::lexicon::Gender;

    #[test]
    fn a_role_is_read_from_an_apposition() {
        let d = doc(
            "Anna Marrow, the water minister, arrived on Monday.",
            Through::Actors,
        );
        let a = d.actor("Anna Marrow").unwrap();
        assert_eq!(d.actors[a].role.as_deref(), Some("water minister"));
    }

    #[test]
    fn a_title_gives_gender_and_keeps_two_people_of_one_surname_apart() {
        let d = doc(
            "Mrs. Obama spoke first. Then Mr. Obama spoke.",
            Through::Actors,
        );
        let women: Vec<_> = d
            .actors
            .iter()
            .filter(|a| a.gender == Some(Gender::Female))
            .collect();
        let men: Vec<_> = d
            .actors
            .iter()
            .filter(|a| a.gender == Some(Gender::Male))
            .collect();
        assert_eq!((women.len(), men.len()), (1, 1));
    }

    #[test]
    fn a_possessor_state_places_the_role_before_a_name() {
        let d = doc(
            "Ukraine's chief negotiator, Anna Marrow, said Russia's decision was a step.",
            Through::Actors,
        );
        let a = d.actor("Anna Marrow").unwrap();
        assert_eq!(d.actors[a].affiliation.as_deref(), Some("Ukraine"));
        assert_eq!(d.actors[a].role.as_deref(), Some("chief negotiator"));
    }

    #[test]
    fn its_role_belongs_to_the_state_named_before() {
        let d = doc(
            "Ukraine made clear it would wait. Its foreign minister, Anna Marrow, told reporters outside the Polish embassy that talks were over.",
            Through::Actors,
        );
        let a = d.actor("Anna Marrow").unwrap();
        assert_eq!(d.actors[a].affiliation.as_deref(), Some("Ukraine"));
    }

    #[test]
    fn the_fuller_spelling_names_the_actor() {
        let d = doc(
            "Marrow arrived. Anna Marrow said talks would go on.",
            Through::Actors,
        );
        assert!(d.actor("Anna Marrow").is_some());
        assert!(d.actor("Marrow").is_none());
    }
}
