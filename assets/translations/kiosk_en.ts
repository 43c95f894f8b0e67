<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>RatingChoices</name>
    <message numerus="yes">
        <source>%n copy printed</source>
        <translation>
            <numerusform>%n copy printed</numerusform>
            <numerusform>%n copies printed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record requested</source>
        <translation>
            <numerusform>%n record requested</numerusform>
            <numerusform>%n records requested</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestScreen</name>
    <message numerus="yes">
        <source>✔ Your request is sent. It will be ready here in about %n working day(s).</source>
        <translation>
            <numerusform>✔ Your request is sent. It will be ready here in about %n working day.</numerusform>
            <numerusform>✔ Your request is sent. It will be ready here in about %n working days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message numerus="yes">
        <source>“%1”: %n result(s).</source>
        <translation>
            <numerusform>“%1”: %n result.</numerusform>
            <numerusform>“%1”: %n results.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimeoutWarningScreen</name>
    <message numerus="yes">
        <source>For your privacy this session ends in %n second(s).</source>
        <translation>
            <numerusform>For your privacy this session ends in %n second.</numerusform>
            <numerusform>For your privacy this session ends in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message numerus="yes">
        <source>%n record(s) found.</source>
        <translation>
            <numerusform>%n record found.</numerusform>
            <numerusform>%n records found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkWatch</name>
    <message numerus="yes">
        <source>updated %n minute(s) ago</source>
        <translation>
            <numerusform>updated %n minute ago</numerusform>
            <numerusform>updated %n minutes ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrintOptionsScreen</name>
    <message>
        <source>− One fewer</source>
        <translation>− One copy less</translation>
    </message>
    <message>
        <source>+ One more</source>
        <translation>+ One copy more</translation>
    </message>
    <message>
        <source>Court</source>
        <translation>A court case</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Say again</source>
        <translation>Repeat</translation>
    </message>
</context>
</TS>
